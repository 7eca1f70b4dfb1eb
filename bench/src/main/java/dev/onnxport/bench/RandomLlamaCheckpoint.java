package dev.onnxport.bench;

import dev.onnxport.tensor.Half;
import dev.onnxport.util.AtomicFile;
import dev.onnxport.util.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Writes a random bfloat16 Hugging Face Llama checkpoint of a given shape, as {@code save_pretrained} lays it out:
 * {@code config.json}, shards {@code model-0000i-of-0000n.safetensors} of at most {@code --shard-bytes} bytes of
 * tensor data, and {@code model.safetensors.index.json} (a checkpoint that fits one shard is one
 * {@code model.safetensors}, without an index, as transformers writes it). Parameter names and shapes are
 * transformers' {@code LlamaForCausalLM} (untied head); matrices are normal-like with std 0.02 (a sum of four uniforms,
 * so tails end at 3.5 std), norm weights 1. Each parameter's values depend on the seed and its name only, not on the
 * sharding. Values are generated while they are written, a few megabytes at a time: the Llama-2-7B shape (13.5 GB)
 * is written with {@code -Xmx1g} or less. Each file is written atomically, config.json last.
 *
 * <pre>java -Xmx1g -cp bench/target/benchmarks.jar dev.onnxport.bench.RandomLlamaCheckpoint --preset llama2-7b --out DIR</pre>
 */
public final class RandomLlamaCheckpoint {
    private RandomLlamaCheckpoint() {}

    /** transformers' default {@code max_shard_size} in recent versions is "5GB"; 2 GB keeps shards under the 2 GiB mapping size. */
    public static final long DEFAULT_SHARD_BYTES = 2_000_000_000L;
    static final String INDEX = "model.safetensors.index.json";
    static final String SINGLE = "model.safetensors";
    private static final int CHUNK_ELEMENTS = 1 << 20;
    private static final long PROGRESS_BYTES = 1L << 30;

    /** A Llama shape; {@code headDim} 0 means hidden / heads (and no {@code head_dim} key in config.json). */
    public record Shape(int vocab, int hidden, int intermediate, int layers, int heads, int kvHeads, int headDim,
                        int maxPositions, double rmsNormEps, double ropeTheta) {
        public Shape {
            for (int v : new int[] {vocab, hidden, intermediate, layers, heads, kvHeads, maxPositions}) {
                if (v <= 0) throw new IllegalArgumentException("every size must be positive: " + this);
            }
            if (headDim < 0) throw new IllegalArgumentException("head_dim must be positive, not " + headDim);
            if (headDim == 0 && hidden % heads != 0) {
                throw new IllegalArgumentException("hidden " + hidden + " is not a multiple of heads " + heads + "; give --head-dim");
            }
            if (heads % kvHeads != 0) throw new IllegalArgumentException("heads " + heads + " is not a multiple of kv heads " + kvHeads);
        }

        /** Named shapes: {@code tiny}, {@code tinyllama-1.1b}, {@code llama2-7b}. */
        public static Shape preset(String name) {
            return switch (name) {
                case "tiny" -> new Shape(256, 64, 172, 2, 4, 2, 0, 128, 1e-6, 10000.0);
                case "tinyllama-1.1b" -> new Shape(32000, 2048, 5632, 22, 32, 4, 0, 2048, 1e-5, 10000.0);
                case "llama2-7b" -> new Shape(32000, 4096, 11008, 32, 32, 32, 0, 4096, 1e-5, 10000.0);
                default -> throw new IllegalArgumentException("unknown preset '" + name + "'; presets: tiny, tinyllama-1.1b, llama2-7b");
            };
        }

        public int effectiveHeadDim() { return headDim > 0 ? headDim : hidden / heads; }

        /** The parameters in transformers' state-dict order. */
        public List<Param> parameters() {
            long h = hidden, q = (long) heads * effectiveHeadDim(), kv = (long) kvHeads * effectiveHeadDim(), in = intermediate;
            List<Param> p = new ArrayList<>();
            p.add(new Param("model.embed_tokens.weight", vocab, h));
            for (int i = 0; i < layers; i++) {
                String l = "model.layers." + i + ".";
                p.add(new Param(l + "self_attn.q_proj.weight", q, h));
                p.add(new Param(l + "self_attn.k_proj.weight", kv, h));
                p.add(new Param(l + "self_attn.v_proj.weight", kv, h));
                p.add(new Param(l + "self_attn.o_proj.weight", h, q));
                p.add(new Param(l + "mlp.gate_proj.weight", in, h));
                p.add(new Param(l + "mlp.up_proj.weight", in, h));
                p.add(new Param(l + "mlp.down_proj.weight", h, in));
                p.add(new Param(l + "input_layernorm.weight", h));
                p.add(new Param(l + "post_attention_layernorm.weight", h));
            }
            p.add(new Param("model.norm.weight", h));
            p.add(new Param("lm_head.weight", vocab, h));
            return p;
        }

        public long parameterCount() { return parameters().stream().mapToLong(Param::numel).sum(); }

        /** config.json as transformers' LlamaConfig writes it (the keys a Llama model reads). */
        Map<String, Object> config() {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("architectures", List.of("LlamaForCausalLM"));
            c.put("model_type", "llama");
            c.put("vocab_size", (long) vocab);
            c.put("hidden_size", (long) hidden);
            c.put("intermediate_size", (long) intermediate);
            c.put("num_hidden_layers", (long) layers);
            c.put("num_attention_heads", (long) heads);
            c.put("num_key_value_heads", (long) kvHeads);
            if (headDim > 0) c.put("head_dim", (long) headDim);
            c.put("max_position_embeddings", (long) maxPositions);
            c.put("rms_norm_eps", rmsNormEps);
            c.put("rope_theta", ropeTheta);
            c.put("rope_scaling", null);
            c.put("tie_word_embeddings", false);
            c.put("hidden_act", "silu");
            c.put("attention_bias", false);
            c.put("attention_dropout", 0.0);
            c.put("mlp_bias", false);
            c.put("initializer_range", 0.02);
            c.put("pretraining_tp", 1L);
            c.put("use_cache", true);
            c.put("bos_token_id", 1L);
            c.put("eos_token_id", 2L);
            c.put("torch_dtype", "bfloat16");
            return c;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "vocab %d, hidden %d, intermediate %d, %d layers, %d heads, %d kv heads, head_dim %d",
                    vocab, hidden, intermediate, layers, heads, kvHeads, headDim > 0 ? headDim : hidden / Math.max(heads, 1));
        }
    }

    /** One parameter: name, shape, and whether it is a norm weight (all ones). */
    public record Param(String name, long... shape) {
        public long numel() { return Arrays.stream(shape).reduce(1, Math::multiplyExact); }
        public long bytes() { return numel() * 2; }
        boolean norm() { return shape.length == 1; }
    }

    /** What was written. */
    public record Result(List<Path> files, long parameters, long dataBytes, double seconds) {}

    public static void main(String[] args) {
        try {
            Options o = Options.parse(args);
            if (o == null) {
                System.out.println(USAGE);
                return;
            }
            write(o.shape, o.out, o.seed, o.shardBytes, o.force, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("RandomLlamaCheckpoint: " + e.getMessage());
            System.exit(2);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("RandomLlamaCheckpoint: " + e);
            System.exit(1);
        }
    }

    static final String USAGE = String.join("\n",
            "usage: RandomLlamaCheckpoint --out DIR [--preset tiny|tinyllama-1.1b|llama2-7b] [sizes] [--seed N]",
            "                             [--shard-bytes SIZE] [--force]",
            "  writes a random bfloat16 Hugging Face Llama checkpoint (config.json, sharded safetensors, index) to DIR",
            "  --preset NAME        the starting shape (default tiny); the size options below override it",
            "  --vocab N, --hidden N, --intermediate N, --layers N, --heads N, --kv-heads N, --head-dim N, --max-positions N",
            "  --seed N             random seed (default 0); values depend on the seed and the parameter name only",
            "  --shard-bytes SIZE   most tensor bytes per shard: bytes, or with kB, MB, GB, KiB, MiB, GiB (default 2GB)",
            "  --force              DIR may hold files: replace its checkpoint files (config.json, model*.safetensors, index)");

    /** The parsed command line. */
    record Options(Shape shape, Path out, long seed, long shardBytes, boolean force) {
        /** The options, or null for --help. */
        static Options parse(String... args) {
            Map<String, String> v = new LinkedHashMap<>();
            boolean force = false;
            List<String> valued = List.of("--preset", "--vocab", "--hidden", "--intermediate", "--layers", "--heads", "--kv-heads",
                    "--head-dim", "--max-positions", "--out", "--seed", "--shard-bytes");
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) return null;
                if (a.equals("--force")) { force = true; continue; }
                String key = a, value = null;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) { key = a.substring(0, eq); value = a.substring(eq + 1); }
                if (!valued.contains(key)) throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
                if (value == null) {
                    if (i + 1 >= args.length) throw new IllegalArgumentException(key + " needs a value");
                    value = args[++i];
                }
                v.put(key, value);
            }
            if (!v.containsKey("--out")) throw new IllegalArgumentException("--out DIR is required\n" + USAGE);
            Shape p = Shape.preset(v.getOrDefault("--preset", "tiny"));
            Shape s = new Shape(num(v, "--vocab", p.vocab()), num(v, "--hidden", p.hidden()),
                    num(v, "--intermediate", p.intermediate()), num(v, "--layers", p.layers()), num(v, "--heads", p.heads()),
                    num(v, "--kv-heads", p.kvHeads()), num(v, "--head-dim", p.headDim()),
                    num(v, "--max-positions", p.maxPositions()), p.rmsNormEps(), p.ropeTheta());
            long seed;
            try {
                seed = Long.parseLong(v.getOrDefault("--seed", "0"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--seed must be an integer, not '" + v.get("--seed") + "'");
            }
            long shard = v.containsKey("--shard-bytes") ? bytes(v.get("--shard-bytes")) : DEFAULT_SHARD_BYTES;
            return new Options(s, Path.of(v.get("--out")), seed, shard, force);
        }

        private static int num(Map<String, String> v, String key, int dflt) {
            String s = v.get(key);
            if (s == null) return dflt;
            try {
                int n = Integer.parseInt(s);
                if (n <= 0) throw new NumberFormatException();
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a positive integer, not '" + s + "'");
            }
        }

        /** "2GB" = 2e9 bytes (as transformers reads max_shard_size), "2GiB" = 2^31, plain digits = bytes. */
        static long bytes(String s) {
            String t = s.strip().toUpperCase(Locale.ROOT);
            String[][] units = {{"KIB", "1024"}, {"MIB", "1048576"}, {"GIB", "1073741824"}, {"KB", "1000"}, {"MB", "1000000"},
                {"GB", "1000000000"}, {"B", "1"}};
            long mult = 1;
            for (String[] u : units) {
                if (t.endsWith(u[0])) {
                    mult = Long.parseLong(u[1]);
                    t = t.substring(0, t.length() - u[0].length()).strip();
                    break;
                }
            }
            try {
                double n = Double.parseDouble(t);
                long b = (long) (n * mult);
                if (!(n > 0) || b <= 0) throw new NumberFormatException();
                return b;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--shard-bytes must be a positive size such as 2GB, 500MB or 1000000, not '" + s + "'");
            }
        }
    }

    /**
     * Writes the checkpoint of {@code shape} into {@code out} (created if absent; unless {@code force}, it must be
     * empty), printing progress to {@code log}.
     */
    public static Result write(Shape shape, Path out, long seed, long shardBytes, boolean force, PrintStream log) throws IOException {
        if (shardBytes <= 0) throw new IllegalArgumentException("shard size must be positive, not " + shardBytes);
        prepare(out, force);
        List<Param> params = shape.parameters();
        // each parameter's seed, drawn in state-dict order: values do not depend on the sharding
        Map<String, Long> seeds = new LinkedHashMap<>();
        SplittableRandom root = new SplittableRandom(seed);
        for (Param p : params) seeds.put(p.name(), root.nextLong());
        List<List<Param>> shards = shard(params, shardBytes);
        int n = shards.size();
        long total = params.stream().mapToLong(Param::bytes).sum();
        log.printf(Locale.ROOT, "Llama %s: %,d parameters, %.2f GB bfloat16, %d shard%s of at most %.2f GB -> %s%n", shape,
                shape.parameterCount(), total / 1e9, n, n == 1 ? "" : "s", shardBytes / 1e9, out);
        long t0 = System.nanoTime();
        List<Path> files = new ArrayList<>();
        Map<String, String> weightMap = new TreeMap<>();
        long[] written = {0};
        for (int i = 0; i < n; i++) {
            String name = n == 1 ? SINGLE : String.format(Locale.ROOT, "model-%05d-of-%05d.safetensors", i + 1, n);
            Path file = out.resolve(name);
            List<Param> shard = shards.get(i);
            for (Param p : shard) weightMap.put(p.name(), name);
            long t = System.nanoTime();
            AtomicFile.write(file, ch -> writeShard(ch, shard, seeds, name, written, total, t0, log));
            files.add(file);
            long bytes = shard.stream().mapToLong(Param::bytes).sum();
            double s = (System.nanoTime() - t) / 1e9;
            log.printf(Locale.ROOT, "  %s: %d tensors, %.2f GB in %.1f s (%.0f MB/s)%n", name, shard.size(), bytes / 1e9, s,
                    bytes / 1e6 / Math.max(s, 1e-9));
        }
        if (n > 1) {
            Map<String, Object> index = new LinkedHashMap<>();
            index.put("metadata", Map.of("total_size", total));
            index.put("weight_map", weightMap);
            writeText(out.resolve(INDEX), Json.write(index));
            files.add(out.resolve(INDEX));
        }
        writeText(out.resolve("config.json"), Json.write(shape.config()));
        files.add(out.resolve("config.json"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.printf(Locale.ROOT, "wrote %.2f GB in %.1f s (%.0f MB/s): %s%n", total / 1e9, seconds, total / 1e6 / Math.max(seconds, 1e-9), out);
        return new Result(List.copyOf(files), shape.parameterCount(), total, seconds);
    }

    /** Parameters in order, a new shard whenever the next one would pass the limit (one larger than it gets its own). */
    static List<List<Param>> shard(List<Param> params, long shardBytes) {
        List<List<Param>> shards = new ArrayList<>();
        List<Param> current = new ArrayList<>();
        long size = 0;
        for (Param p : params) {
            if (!current.isEmpty() && size + p.bytes() > shardBytes) {
                shards.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(p);
            size += p.bytes();
        }
        if (!current.isEmpty()) shards.add(current);
        return shards;
    }

    /** Makes {@code out}; refuses one that holds files, unless {@code force}, which removes its checkpoint files. */
    private static void prepare(Path out, boolean force) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) throw new IllegalArgumentException(out + " is a file, not a folder");
        Files.createDirectories(out);
        List<Path> present = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(out)) {
            for (Path p : ds) present.add(p);
        }
        if (present.isEmpty()) return;
        if (!force) {
            throw new IllegalArgumentException(out + " is not empty (" + present.size() + " entries); give a new folder, or --force"
                    + " to replace the checkpoint files in it");
        }
        for (Path p : present) {
            String f = p.getFileName().toString();
            if (f.equals("config.json") || f.equals(SINGLE) || f.equals(INDEX) || f.matches("model-\\d+-of-\\d+\\.safetensors")) {
                Files.delete(p);
            }
        }
    }

    /** One safetensors file: header (names sorted, as the reference writer does), then each tensor's values. */
    private static void writeShard(FileChannel ch, List<Param> shard, Map<String, Long> seeds, String name, long[] written,
                                   long total, long t0, PrintStream log) throws IOException {
        List<Param> sorted = new ArrayList<>(shard);
        sorted.sort((a, b) -> a.name().compareTo(b.name()));
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", Map.of("format", "pt"));
        long offset = 0;
        for (Param p : sorted) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("dtype", "BF16");
            e.put("shape", Arrays.stream(p.shape()).boxed().toList());
            e.put("data_offsets", List.of(offset, offset + p.bytes()));
            header.put(p.name(), e);
            offset += p.bytes();
        }
        StringBuilder json = new StringBuilder(Json.write(header));
        while (json.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) json.append(' ');
        byte[] head = json.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK_ELEMENTS * 2).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(head.length).flip();
        writeFully(ch, buf);
        writeFully(ch, ByteBuffer.wrap(head));
        short[] values = new short[CHUNK_ELEMENTS];
        for (Param p : sorted) {
            Values gen = new Values(seeds.get(p.name()), p.norm());
            for (long done = 0, n = p.numel(); done < n; ) {
                int k = (int) Math.min(CHUNK_ELEMENTS, n - done);
                gen.fill(values, k);
                buf.clear();
                buf.asShortBuffer().put(values, 0, k);
                buf.limit(k * 2);
                writeFully(ch, buf);
                done += k;
                long before = written[0];
                written[0] += k * 2L;
                if (before / PROGRESS_BYTES != written[0] / PROGRESS_BYTES) {
                    double s = (System.nanoTime() - t0) / 1e9;
                    log.printf(Locale.ROOT, "  %.1f / %.1f GB, %.0f s, %s%n", written[0] / 1e9, total / 1e9, s, name);
                }
            }
        }
    }

    /** bfloat16 values of one parameter: 1 for a norm weight, else normal-like with std 0.02. */
    static final class Values {
        private static final short ONE = Half.floatToBf16(1f);
        /** A sum of four uniform 16-bit integers has mean 4 * 32767.5 and std sqrt(4 (65536^2 - 1) / 12). */
        private static final double MEAN = 4 * 32767.5, SCALE = 0.02 / Math.sqrt(4 * (65536.0 * 65536.0 - 1) / 12);

        private final SplittableRandom rng;
        private final boolean norm;

        Values(long seed, boolean norm) {
            this.rng = new SplittableRandom(seed);
            this.norm = norm;
        }

        void fill(short[] out, int k) {
            if (norm) {
                Arrays.fill(out, 0, k, ONE);
                return;
            }
            for (int i = 0; i < k; i++) {
                long r = rng.nextLong();
                long sum = (r & 0xffff) + ((r >>> 16) & 0xffff) + ((r >>> 32) & 0xffff) + (r >>> 48);
                out[i] = Half.floatToBf16((float) ((sum - MEAN) * SCALE));
            }
        }
    }

    private static void writeText(Path file, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, ch -> writeFully(ch, ByteBuffer.wrap(b)));
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }
}
