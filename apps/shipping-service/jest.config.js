module.exports = {
  displayName: 'shipping-service',
  preset: '../../jest.preset.js',
};
