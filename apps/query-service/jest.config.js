module.exports = {
  displayName: 'query-service',
  preset: '../../jest.preset.js',
};
