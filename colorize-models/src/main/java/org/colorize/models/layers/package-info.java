/**
 * DL4J layers that the reference networks need and DL4J 1.0.0-M2.1 lacks or runs slowly:
 * {@link org.colorize.models.layers.ChannelBias} (the learned offset of Keras' batch normalisation
 * without scale) and {@link org.colorize.models.layers.OneDnnDeconvolution2D} (a transposed
 * convolution in 'same' mode that runs on libnd4j's oneDNN kernels).
 */
package org.colorize.models.layers;
