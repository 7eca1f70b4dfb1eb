package dev.onnxport.util;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional reads of a file channel. */
public final class FileReads {
    private FileReads() {}

    /** Fills {@code b} from file position {@code pos} on (a read may return fewer bytes than asked for). */
    public static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) throw new EOFException("unexpected end of file");
        }
    }
}
