package dev.noiseshield.data;

import java.io.IOException;

/** A data file that cannot be used as it is; the message names the file and what is wrong. */
public class DataFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(String file, String problem) {
        super(file + ": " + problem);
    }
}
