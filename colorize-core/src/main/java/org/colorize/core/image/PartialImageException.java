package org.colorize.core.image;

import java.io.IOException;
import java.util.List;

/**
 * An image the decoder read only in part: it warned of missing or corrupt data (a JPEG cut short:
 * "Premature end of JPEG file", "Truncated File - Missing EOI marker"). Its pixels past the damage
 * are not the photo's (usually flat gray), so it is refused unless
 * {@link ImageReadOptions#allowPartial()} says otherwise. The message names the file and the warnings.
 */
public final class PartialImageException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final List<String> warnings;

    /**
     * @param file names the image
     * @param warnings the decoder's warnings about the missing or corrupt data
     */
    public PartialImageException(String file, List<String> warnings) {
        super(file + ": the image is incomplete or corrupt (" + String.join("; ", warnings)
                + "); refused (accept it as decoded with --allow-partial or ImageReadOptions.withAllowPartial)");
        this.file = file;
        this.warnings = List.copyOf(warnings);
    }

    /** @return the image's name, as given to the reader */
    public String file() {
        return file;
    }

    /** @return the decoder's warnings */
    public List<String> warnings() {
        return warnings;
    }
}
