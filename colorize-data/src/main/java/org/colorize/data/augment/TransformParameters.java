package org.colorize.data.augment;

/**
 * The random parameters drawn for one image, with Keras' names and meanings
 * ({@code ImageDataGenerator.get_random_transform}).
 *
 * @param theta rotation in degrees
 * @param tx shift along the rows (height), in pixels
 * @param ty shift along the columns (width), in pixels
 * @param shear shear angle in degrees
 * @param zx zoom of the row axis
 * @param zy zoom of the column axis
 * @param flipHorizontal whether the result is mirrored left-right
 * @param flipVertical whether the result is mirrored top-bottom
 */
public record TransformParameters(double theta, double tx, double ty, double shear, double zx, double zy,
        boolean flipHorizontal, boolean flipVertical) {

    /** The parameters that change nothing. */
    public static final TransformParameters IDENTITY = new TransformParameters(0, 0, 0, 0, 1, 1, false, false);

    /**
     * The transform these parameters describe for an image of the given size: the Keras affine
     * transform about the centre, then the flips.
     *
     * @param width image width
     * @param height image height
     * @return the map from output to source pixels
     */
    public AffineTransform transform(int width, int height) {
        AffineTransform t = AffineTransform.keras(theta, tx, ty, shear, zx, zy, height, width);
        if (flipHorizontal) {
            t = t.flipHorizontal(width);
        }
        if (flipVertical) {
            t = t.flipVertical(height);
        }
        return t;
    }
}
