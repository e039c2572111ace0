/**
 * Geometric data augmentation equivalent to Keras' {@code ImageDataGenerator}: rotation, width and
 * height shifts, shear, zoom, horizontal and vertical flips, with Keras' fill modes, applied as one
 * affine warp per image.
 *
 * <p>{@link org.colorize.data.augment.Augmentation} holds the ranges and draws one
 * {@link org.colorize.data.augment.AffineTransform} per image from a
 * {@link org.colorize.data.augment.RandomStream} seeded by (seed, epoch, image index), so an epoch is
 * the same bit for bit whatever the number of threads. {@link org.colorize.data.augment.Resize} crops
 * and resizes an image to the network's size first, with colorize-core's resampler
 * ({@link org.colorize.core.image.Resize}: area average when shrinking, bilinear when enlarging).
 *
 * <pre>{@code
 * Augmentation aug = Augmentation.builder().rotation(20).shear(0.2).zoom(0.2).horizontalFlip().build();
 * AffineTransform t = aug.sample(RandomStream.of(seed, epoch, index), width, height);
 * t.warp(rgb, width, height, 3, out, width, height, aug.fillMode(), aug.fillValue(), aug.interpolation());
 * }</pre>
 */
package org.colorize.data.augment;
