/**
 * Runnable examples, one per reference tutorial, each a class with a {@code main} method and a
 * static {@code run(...)} method that does the work with parameters small enough for a test:
 *
 * <ul>
 *   <li>{@link org.colorize.examples.CifarAutoencoderExample}: the CIFAR gray-to-RGB autoencoder, with
 *       the ground-truth, gray and colorized grids of the first 100 test images;</li>
 *   <li>{@link org.colorize.examples.AlphaSingleImageExample}: the "alpha" Lab network trained on one
 *       photo until it reproduces it;</li>
 *   <li>{@link org.colorize.examples.BetaFolderExample}: the "beta" Lab network on a folder of photos
 *       with augmentation, colorizing held-out photos;</li>
 *   <li>{@link org.colorize.examples.FusionExample}: the Inception-ResNet-v2 fusion network
 *       (Deep Koalarization);</li>
 *   <li>{@link org.colorize.examples.DenseAutoencoderExample}: the dense cats-and-dogs autoencoder;</li>
 *   <li>{@link org.colorize.examples.ColorizeServerExample}: one shared colorizer behind a small HTTP
 *       endpoint.</li>
 * </ul>
 *
 * <pre>{@code
 * java -cp examples/target/classes:$(cat examples/cp.txt) org.colorize.examples.AlphaSingleImageExample \
 *     ../shared/data/photos/unsplash/woman.png runs/alpha 1000
 * }</pre>
 *
 * <p>See {@code docs/examples.md} for what each one reproduces and writes. The command-line tool is in
 * the colorize-cli module.
 */
package org.colorize.examples;
