package dev.onnxport.safetensors;

import dev.onnxport.tensor.DType;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.util.Json;
import dev.onnxport.util.Names;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The weights of a Hugging Face model folder, as {@code save_pretrained} writes them: one {@code model.safetensors},
 * or shards listed by {@code model.safetensors.index.json} ({@code {"metadata": {...}, "weight_map": {tensor: shard
 * file}}}). When both are present, {@code model.safetensors} is read, as transformers does.
 *
 * <p>Every file is opened and checked when the checkpoint is opened, so a broken checkpoint fails at once with one
 * {@link SafetensorsException} naming the file: no weights file, a shard the index names that is missing or outside
 * the folder, a tensor the index places in a shard that does not hold it, a tensor held by two shards, a tensor a
 * shard holds that the index does not list. Tensors are read-only views of memory mappings, nothing is copied onto
 * the heap; they stay readable after {@link #close} (the JVM unmaps a region once no tensor refers to it, as with
 * {@link SafetensorsFile}). The checkpoint is immutable and thread-safe.
 */
public final class SafetensorsCheckpoint implements AutoCloseable {
    /** The single-file checkpoint. */
    public static final String SINGLE_FILE = "model.safetensors";
    /** The index of a sharded checkpoint. */
    public static final String INDEX_FILE = "model.safetensors.index.json";
    /** An index is a few kilobytes; anything past this is not one. */
    static final long MAX_INDEX_BYTES = 100_000_000L;

    private final Path folder;
    private final List<SafetensorsFile> files;
    private final Map<String, Tensor> tensors;
    private final Map<String, Tensor> float32;
    private final Map<String, Path> fileOf;
    private final long totalBytes;

    private SafetensorsCheckpoint(Path folder, List<SafetensorsFile> files, Map<String, SafetensorsFile> byTensor) {
        this.folder = folder;
        this.files = List.copyOf(files);
        Map<String, Tensor> t = new LinkedHashMap<>(), f = new LinkedHashMap<>();
        Map<String, Path> where = new LinkedHashMap<>();
        long bytes = 0;
        for (Map.Entry<String, SafetensorsFile> e : byTensor.entrySet()) {
            String name = e.getKey();
            SafetensorsFile file = e.getValue();
            Tensor x = file.get(name);
            t.put(name, x);
            DType dt = x.dtype();
            f.put(name, dt == DType.FLOAT16 || dt == DType.BFLOAT16 ? x.widenedToFloat32() : x);
            where.put(name, file.path());
            bytes += file.info(name).byteLength();
        }
        this.tensors = Collections.unmodifiableMap(t);
        this.float32 = Collections.unmodifiableMap(f);
        this.fileOf = Collections.unmodifiableMap(where);
        this.totalBytes = bytes;
    }

    /**
     * Opens the checkpoint in {@code folder}: {@code model.safetensors} if present, otherwise
     * {@code model.safetensors.index.json} and its shards. Throws {@link SafetensorsException} naming the file at fault.
     */
    public static SafetensorsCheckpoint open(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new SafetensorsException(folder, Files.exists(folder)
                    ? "is a file, not a folder; give the Hugging Face model folder that holds it"
                    : "no such folder; give a Hugging Face model folder (config.json and " + SINGLE_FILE + " or " + INDEX_FILE + ")");
        }
        Path single = folder.resolve(SINGLE_FILE), index = folder.resolve(INDEX_FILE);
        if (Files.exists(single)) {
            SafetensorsFile f = SafetensorsFile.open(single);
            try {
                Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
                for (String n : f.names()) byTensor.put(n, f);
                return new SafetensorsCheckpoint(folder, List.of(f), byTensor);
            } catch (RuntimeException e) {
                closeQuietly(List.of(f), e);
                throw e;
            }
        }
        if (Files.exists(index)) return openSharded(folder, index);
        String hint = Files.exists(folder.resolve("pytorch_model.bin")) || Files.exists(folder.resolve("pytorch_model.bin.index.json"))
                ? "; its pytorch_model.bin weights are pickles, which onnxport does not read: save them as safetensors"
                : "";
        throw new SafetensorsException(folder, "has neither " + SINGLE_FILE + " nor " + INDEX_FILE
                + ", so it holds no safetensors weights" + hint);
    }

    private static SafetensorsCheckpoint openSharded(Path folder, Path index) {
        Map<String, String> weightMap = weightMap(index);
        // shard -> the tensors the index places in it, in index order; shards by name (model-00001-of-00009 first)
        Map<String, List<String>> byShard = new TreeMap<>();
        for (Map.Entry<String, String> e : weightMap.entrySet()) {
            byShard.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey());
        }
        Map<String, Path> paths = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : byShard.entrySet()) paths.put(e.getKey(), shardPath(folder, index, e.getKey(), e.getValue()));
        for (Map.Entry<String, Path> e : paths.entrySet()) {
            if (!Files.exists(e.getValue())) {
                throw new SafetensorsException(index, "names shard " + quote(e.getKey()) + " " + forTensors(byShard.get(e.getKey()))
                        + ", which is not in " + Names.quote(folder) + "; copy the shard there or correct the weight_map");
            }
        }
        List<SafetensorsFile> opened = new ArrayList<>();
        try {
            Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
            for (Map.Entry<String, Path> e : paths.entrySet()) {
                SafetensorsFile f = SafetensorsFile.open(e.getValue());
                opened.add(f);
                shards.put(e.getKey(), f);
            }
            Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : weightMap.entrySet()) {
                SafetensorsFile f = shards.get(e.getValue());
                if (!f.contains(e.getKey())) {
                    throw new SafetensorsException(index, "places tensor " + quote(e.getKey()) + " in shard " + quote(e.getValue())
                            + ", which does not hold it (" + f.size() + " tensors); the index and its shards disagree, "
                            + "so one of them comes from another checkpoint");
                }
                byTensor.put(e.getKey(), f);
            }
            for (Map.Entry<String, SafetensorsFile> s : shards.entrySet()) {
                for (String name : s.getValue().names()) {
                    String listed = weightMap.get(name);
                    if (listed == null) {
                        throw new SafetensorsException(s.getValue().path(), "holds tensor " + quote(name) + ", which "
                                + INDEX_FILE + " does not list; the index and its shards disagree, so one of them comes "
                                + "from another checkpoint");
                    }
                    if (!listed.equals(s.getKey())) {
                        throw new SafetensorsException(s.getValue().path(), "holds tensor " + quote(name) + ", which shard "
                                + quote(listed) + " holds too (the index places it there); a checkpoint holds each tensor once");
                    }
                }
            }
            return new SafetensorsCheckpoint(folder, opened, byTensor);
        } catch (RuntimeException e) {
            closeQuietly(opened, e);
            throw e;
        }
    }

    /** The index's weight_map, in file order. */
    private static Map<String, String> weightMap(Path index) {
        String text;
        try {
            if (!Files.isRegularFile(index)) throw new SafetensorsException(index, "is not a regular file");
            long size = Files.size(index);
            if (size > MAX_INDEX_BYTES) {
                throw new SafetensorsException(index, "is " + size + " bytes, more than an index can be (" + MAX_INDEX_BYTES + ")");
            }
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(index))).toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsException(index, "is not valid UTF-8");
        } catch (IOException e) {
            throw new SafetensorsException(index, "cannot read: " + e, e);
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(index, "is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> top)) throw new SafetensorsException(index, "is not a JSON object");
        Object wm = top.get("weight_map");
        if (!(wm instanceof Map<?, ?> m)) {
            throw new SafetensorsException(index, top.containsKey("weight_map")
                    ? "weight_map is not a JSON object of tensor name to shard file"
                    : "has no weight_map (a JSON object of tensor name to shard file)");
        }
        if (m.isEmpty()) throw new SafetensorsException(index, "weight_map is empty: the checkpoint names no tensor");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new SafetensorsException(index, "weight_map gives tensor " + quote(e.getKey())
                        + " a shard that is not a file name (a string) but " + Names.quote(Json.write(e.getValue())));
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    /** The shard's path, which must lie inside the folder. */
    private static Path shardPath(Path folder, Path index, String shard, List<String> tensors) {
        String where = "names shard " + quote(shard) + " " + forTensors(tensors);
        Path rel;
        try {
            rel = Path.of(shard);
        } catch (InvalidPathException e) {
            throw new SafetensorsException(index, where + ", which is not a valid file name");
        }
        Path base = folder.toAbsolutePath().normalize();
        Path p = base.resolve(rel).normalize();
        if (shard.isEmpty() || rel.isAbsolute() || !p.startsWith(base) || p.equals(base)) {
            throw new SafetensorsException(index, where + ", which is not a file inside " + Names.quote(folder)
                    + "; shards are named relative to the index's folder and cannot leave it");
        }
        return folder.resolve(rel).normalize();
    }

    /** "(for 'a')" or "(for 'a' and 12 more)". */
    private static String forTensors(List<String> tensors) {
        return "(for " + quote(tensors.get(0)) + (tensors.size() > 1 ? " and " + (tensors.size() - 1) + " more" : "") + ")";
    }

    private static String quote(Object name) { return "'" + Names.quote(name) + "'"; }

    private static void closeQuietly(List<SafetensorsFile> files, RuntimeException cause) {
        for (SafetensorsFile f : files) {
            try {
                f.close();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /** The model folder. */
    public Path folder() { return folder; }

    /**
     * Every tensor, as stored (dtype included), read-only over the mappings; in index order for a sharded checkpoint,
     * header order for a single file. The same tensor objects on every call.
     */
    public Map<String, Tensor> tensors() { return tensors; }

    /**
     * The tensors as float32 where they are floating point: float32 as stored, float16 and bfloat16 widened exactly as
     * they are read ({@link Tensor#widenedToFloat32()}, no copy), float64 and the integer and bool dtypes as stored.
     * Same order as {@link #tensors()}, and the same objects on every call.
     */
    public Map<String, Tensor> float32Tensors() { return float32; }

    /** The safetensors files: {@code model.safetensors}, or the shards in name order. */
    public List<Path> files() {
        List<Path> out = new ArrayList<>();
        for (SafetensorsFile f : files) out.add(f.path());
        return List.copyOf(out);
    }

    /** The file holding tensor {@code name}, or null when the checkpoint has no such tensor. */
    public Path fileOf(String name) { return fileOf.get(name); }

    /** Bytes of tensor data as stored (before any widening), as an index's {@code metadata.total_size} counts them. */
    public long totalBytes() { return totalBytes; }

    /** Closes the files; tensors already obtained stay readable. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (SafetensorsFile f : files) {
            try {
                f.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }
}
