/**
 * Training data for the colorization networks: {@link org.colorize.data.ColorizationData} turns a
 * source of colour pictures into the batches each kind of network wants (gray to RGB, L to ab/128,
 * L plus an image embedding to ab/128), fitted to its input size and augmented like Keras'
 * {@code ImageDataGenerator}, through DL4J iterators ({@link org.colorize.data.ColorizationIterator},
 * {@link org.colorize.data.ColorizationMultiIterator}) that prepare batches ahead on background threads.
 *
 * <pre>{@code
 * ColorizationData data = ColorizationData.builder()
 *         .folder(Path.of("photos"))
 *         .encoding(ModelKind.L_TO_AB)
 *         .size(256, 256)
 *         .augment(a -> a.rotation(20).shear(0.2).zoom(0.2).horizontalFlip())
 *         .batchSize(16)
 *         .seed(7)
 *         .build();
 * }</pre>
 *
 * <p>Sources are in {@link org.colorize.data.source}, augmentation in {@link org.colorize.data.augment};
 * all colour conversion goes through {@link org.colorize.core.color.Lab} of colorize-core.
 */
package org.colorize.data;
