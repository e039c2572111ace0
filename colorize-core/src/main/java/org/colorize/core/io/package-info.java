/** File writing that never leaves half-written files ({@link org.colorize.core.io.AtomicFiles}). */
package org.colorize.core.io;
