module.exports = {
  displayName: 'payment-service',
  preset: '../../jest.preset.js',
};
