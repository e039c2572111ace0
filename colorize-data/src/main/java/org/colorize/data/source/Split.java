package org.colorize.data.source;

import java.util.Arrays;
import java.util.Objects;
import org.colorize.data.augment.RandomStream;

/**
 * A deterministic division of a source into training and validation pictures, by seed or by index
 * range. Both parts are views: nothing is copied or decoded.
 *
 * <pre>{@code
 * Split byRange = Split.last(cifar, 1000);          // validation = the last 1,000 records
 * Split bySeed = Split.random(photos, 0.1, 7);      // 10% chosen by seed 7, the same on every run
 * }</pre>
 *
 * @param train the training pictures
 * @param validation the validation pictures
 */
public record Split(ImageSource train, ImageSource validation) {

    /**
     * @param train the training pictures
     * @param validation the validation pictures
     * @throws NullPointerException if a part is null
     */
    public Split {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
    }

    /**
     * A seeded random split: the same seed and source size always give the same parts. Each part
     * keeps the source's order.
     *
     * @param source the pictures
     * @param validationFraction the share of pictures for validation, in [0, 1]; the count is rounded
     * @param seed the seed
     * @return the split
     */
    public static Split random(ImageSource source, double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction <= 1)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1], was " + validationFraction);
        }
        int n = source.size();
        int nv = (int) Math.round(n * validationFraction);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        RandomStream.of(seed, -2, -2).shuffle(order);
        int[] validation = Arrays.copyOfRange(order, 0, nv);
        int[] train = Arrays.copyOfRange(order, nv, n);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new Split(source.subset(train), source.subset(validation));
    }

    /**
     * Validation = pictures {@code [from, to)}, training = all the others, in order.
     *
     * @param source the pictures
     * @param from first validation index, inclusive
     * @param to last validation index, exclusive
     * @return the split
     */
    public static Split range(ImageSource source, int from, int to) {
        int n = source.size();
        if (from < 0 || to > n || from > to) {
            throw new IndexOutOfBoundsException("validation range [" + from + ", " + to + ") of a source of " + n);
        }
        int[] train = new int[n - (to - from)];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (i < from || i >= to) {
                train[k++] = i;
            }
        }
        return new Split(source.subset(train), source.range(from, to));
    }

    /**
     * Validation = the last {@code count} pictures, training = the ones before.
     *
     * @param source the pictures
     * @param count the number of validation pictures, in [0, size]
     * @return the split
     */
    public static Split last(ImageSource source, int count) {
        int n = source.size();
        if (count < 0 || count > n) {
            throw new IllegalArgumentException("count must be in [0, " + n + "], was " + count);
        }
        return new Split(source.range(0, n - count), source.range(n - count, n));
    }
}
