// Settings of the variational autoencoder (β schedule, free bits, likelihood…).
// Spread into SETTINGS in schema.ts; each entry names the models that use it.
export const VAE_SETTINGS = {};
