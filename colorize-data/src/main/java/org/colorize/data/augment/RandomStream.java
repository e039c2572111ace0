package org.colorize.data.augment;

/**
 * A small pseudo-random generator (SplitMix64) whose output is fixed by its seed on every JVM and
 * every run. Augmentation and the data iterators create one per image from (seed, epoch, image
 * index) with {@link #of(long, long, long)}, so no random state is shared between threads and an
 * epoch is reproducible bit for bit whatever the number of threads or the order they run in.
 *
 * <p>Not thread-safe: one instance per image (they are cheap).
 */
public final class RandomStream {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long state;

    /**
     * A stream starting from {@code seed}.
     *
     * @param seed any value
     */
    public RandomStream(long seed) {
        this.state = seed;
    }

    /**
     * The stream of one image in one epoch: a well-mixed function of the three numbers, so that
     * neighbouring indices or epochs give unrelated streams.
     *
     * @param seed the user's seed
     * @param epoch the epoch number (any value; use a negative one for epoch-level draws)
     * @param index the image index (any value; use a negative one for non-image draws)
     * @return a new stream
     */
    public static RandomStream of(long seed, long epoch, long index) {
        long h = mix(seed ^ 0x5DEECE66DL);
        h = mix(h + GOLDEN * (epoch + 1));
        h = mix(h + 0xBF58476D1CE4E5B9L * (index + 1));
        return new RandomStream(h);
    }

    /** The SplitMix64 finaliser: a bijective, well-avalanched mix of 64 bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** @return the next 64 random bits */
    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** @return a uniform double in [0, 1) */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * @param low the lower bound (inclusive)
     * @param high the upper bound (exclusive; may equal {@code low})
     * @return a uniform double in [low, high), as numpy's {@code uniform(low, high)}
     */
    public double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /**
     * @param bound the exclusive upper bound, at least 1
     * @return a uniform int in [0, bound)
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, was " + bound);
        }
        // Lemire's multiply-shift with rejection: unbiased.
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** @return true with probability 1/2 */
    public boolean nextBoolean() {
        return nextLong() < 0;
    }

    /**
     * Shuffles {@code a} in place (Fisher-Yates).
     *
     * @param a the array to shuffle
     */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
