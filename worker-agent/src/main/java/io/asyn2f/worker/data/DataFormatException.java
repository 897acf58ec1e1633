package io.asyn2f.worker.data;

import java.io.IOException;

/** A data file is not what it claims to be; the message names the file and what was found. */
public class DataFormatException extends IOException {

    public DataFormatException(String message) {
        super(message);
    }
}
