/**
 * Images: decoding any {@link java.awt.image.BufferedImage} type into the planes the pipeline needs
 * ({@link org.colorize.core.image.DecodedImage}), NCHW tensors
 * ({@link org.colorize.core.image.ImageTensors}), good-quality resizing
 * ({@link org.colorize.core.image.Resize}), and file I/O with clear errors and atomic writes
 * ({@link org.colorize.core.image.Images}).
 */
package org.colorize.core.image;
