package dev.onnxport.util;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The files this process reads through memory mappings (safetensors tensors, ONNX models being read), and what to
 * say when one of them changes underneath: a mapped file truncated by someone else makes the next read of a page
 * past its new end fault, which the JVM reports as an {@link InternalError} ("a fault occurred in a recent unsafe
 * memory access operation"), often later than the read and in other code. Readers map through {@link #map}; the
 * boundaries that catch errors (the export facade, the model reader, the command line) ask {@link #explain} for
 * the one line naming the file.
 */
public final class MappedFiles {
    private MappedFiles() {}

    /** One mapping: the file as it was when mapped, how far the mapping reaches, and the mapping while it lives. */
    private record Mapping(Path file, Object key, long size, FileTime modified, long end, WeakReference<MappedByteBuffer> buffer) {
        boolean live() { return buffer.get() != null; }
    }

    /** Mappings that may still be read; those the JVM has let go of are dropped as new ones come. */
    private static final Queue<Mapping> MAPPED = new ConcurrentLinkedQueue<>();

    /** Maps {@code size} bytes of {@code file} from {@code position}, read-only, and records the mapping. */
    public static MappedByteBuffer map(FileChannel ch, Path file, long position, long size) throws IOException {
        Path abs = file.toAbsolutePath();
        BasicFileAttributes a = Files.readAttributes(abs, BasicFileAttributes.class);
        MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, position, size);
        MAPPED.removeIf(x -> !x.live());
        MAPPED.add(new Mapping(abs, a.fileKey(), a.size(), a.lastModifiedTime(), position + size, new WeakReference<>(m)));
        return m;
    }

    /**
     * Whether {@code e} (or one of its causes) is a fault in reading mapped memory: the JVM's InternalError, or
     * EFAULT ("Bad address") from a write whose source is a mapping that shrank.
     */
    public static boolean isMappingFault(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth++ < 32; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof InternalError && m.contains("unsafe memory access")) return true;
            if (t instanceof IOException && m.contains("Bad address")) return true;
        }
        return false;
    }

    /**
     * The files of live mappings that changed since they were mapped: first those now shorter than a mapping reaches
     * (the cause of a fault), then those rewritten (another size or modification time); empty when none did. A file
     * renamed away or replaced by another under its name is not listed: its mapping still reads the old file.
     */
    public static List<Path> changed() {
        Set<Path> truncated = new LinkedHashSet<>(), rewritten = new LinkedHashSet<>();
        for (Mapping m : MAPPED) {
            if (!m.live()) continue;
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(m.file(), BasicFileAttributes.class);
            } catch (IOException e) {
                continue;  // renamed or removed: the mapping keeps the old file
            }
            if (!Objects.equals(a.fileKey(), m.key())) continue;  // another file under the name
            if (a.size() < m.end()) truncated.add(m.file());
            else if (a.size() != m.size() || !a.lastModifiedTime().equals(m.modified())) rewritten.add(m.file());
        }
        List<Path> out = new ArrayList<>(truncated);
        for (Path p : rewritten) if (!truncated.contains(p)) out.add(p);
        return out;
    }

    /**
     * The one-line message for a mapping fault {@code e}: {@code FILE: changed while onnxport was reading it ...},
     * naming the changed file (or saying that a mapped file changed when none can be found).
     */
    public static String explain(Throwable e) {
        List<Path> files = changed();
        String advice = "; leave the file alone while onnxport reads it (write a new file and rename it into place), "
                + "then run again";
        if (files.isEmpty()) {
            return "a memory-mapped input file changed while onnxport was reading it (" + Names.escape(String.valueOf(e.getMessage()))
                    + ")" + advice;
        }
        Path f = files.get(0);
        long had = MAPPED.stream().filter(x -> x.file().equals(f)).mapToLong(Mapping::size).max().orElse(-1);
        String now;
        try {
            now = "it now has " + Files.size(f) + " bytes";
        } catch (IOException gone) {
            now = "it is gone";
        }
        return Names.quote(f) + ": changed while onnxport was reading it (truncated or rewritten: it had " + had
                + " bytes, " + now + ")" + advice;
    }

}
