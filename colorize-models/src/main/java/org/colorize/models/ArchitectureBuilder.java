package org.colorize.models;

/**
 * What every builder of this module offers, so that {@link Architectures} can build any network by
 * its id: a seed and {@link #build()}. The other options are on each network's own builder.
 *
 * <pre>{@code
 * ArchitectureBuilder<?> b = Architectures.builder("lab-unet");
 * GraphArchitecture unet = b.seed(7).build();
 * }</pre>
 *
 * @param <T> the network description it builds
 */
public interface ArchitectureBuilder<T extends GraphArchitecture> {

    /**
     * @param seed the seed of the weight initialisation; any value
     * @return this builder
     */
    ArchitectureBuilder<T> seed(long seed);

    /**
     * @return the network description, its options validated
     * @throws IllegalArgumentException naming the option and its value, if an option is invalid
     */
    T build();
}
