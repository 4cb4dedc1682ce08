module.exports = {
  displayName: 'fake-psp',
  preset: '../../jest.preset.js',
};
