// Settings of the nonlinear autoencoders (plain, sparse, denoising, contractive).
// Spread into SETTINGS in schema.ts; each entry names the models that use it.
export const REGULARIZER_SETTINGS = {};
