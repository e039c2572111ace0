package org.colorize.data.augment;

/** How an affine warp samples the source image (Keras' {@code interpolation_order}). */
public enum Interpolation {
    /** Order 0: the nearest source pixel. */
    NEAREST,
    /** Order 1: bilinear interpolation of the four nearest pixels (the Keras default). */
    BILINEAR
}
