/**
 * What a colorization model is, in the terms every module shares: its kind
 * ({@link org.colorize.core.model.ModelKind}), the size its network sees
 * ({@link org.colorize.core.model.WorkingSize}), how its L input is scaled
 * ({@link org.colorize.core.model.LNormalization}), and the image-embedding network a fusion model
 * uses ({@link org.colorize.core.model.Embedder}).
 *
 * <p>These types depend on nothing else of colorize, so the bundle, the encodings, the pipeline and
 * the other modules can all use them without a package cycle.
 */
package org.colorize.core.model;
