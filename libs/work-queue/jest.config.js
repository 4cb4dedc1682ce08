module.exports = {
  displayName: 'work-queue',
  preset: '../../jest.preset.js',
};
