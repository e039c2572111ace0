/**
 * Encodings: the one place that knows how a kind of model sees colour. For each {@link
 * org.colorize.core.model.ModelKind} one {@link org.colorize.core.encoding.Encoding} turns an image plane into
 * network features, a colour training picture into labels, and a network output into chroma (CIE a and
 * b at the output's resolution). The pipeline, the data iterators, the trainer and the benchmark all
 * call it; nothing else knows a kind's conventions.
 */
package org.colorize.core.encoding;
