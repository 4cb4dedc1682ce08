module.exports = {
  displayName: 'fake-provider',
  preset: '../../jest.preset.js',
};
