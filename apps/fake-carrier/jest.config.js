module.exports = {
  displayName: 'fake-carrier',
  preset: '../../jest.preset.js',
};
