/**
 * Where colour training pictures come from: CIFAR-10/100 binary files
 * ({@link org.colorize.data.source.CifarSource}), folders of image files
 * ({@link org.colorize.data.source.FolderSource}), in-memory images
 * ({@link org.colorize.data.source.ListSource}), and deterministic train/validation splits of any of
 * them ({@link org.colorize.data.source.Split}).
 *
 * <p>Every source is an {@link org.colorize.data.source.ImageSource}: a fixed-size, random-access,
 * thread-safe list of {@link org.colorize.data.source.RgbImage}s (packed 8-bit sRGB) with an optional
 * class label. The iterators of {@code org.colorize.data} read from it on several threads at once.
 *
 * <pre>{@code
 * ImageSource cifar = CifarSource.open(Path.of("data_batch_1.bin"), Path.of("data_batch_2.bin"));
 * Split split = Split.last(cifar, 1000);   // the last 1,000 images for validation
 * }</pre>
 */
package org.colorize.data.source;
