package dev.onnxport.cli;

import dev.onnxport.onnx.proto.TensorShapeProto;
import dev.onnxport.onnx.proto.ValueInfoProto;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.zoo.hf.GreedyDecoding;
import dev.onnxport.zoo.hf.HfModel;
import dev.onnxport.zoo.hf.HfModels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** Greedy decoding with an exported decoder in ONNX Runtime, or with the eager twin of a Hugging Face folder. */
@Command(name = "generate", header = "Generate tokens greedily with an exported decoder, or with a Hugging Face folder's Java twin.",
        mixinStandardHelpOptions = true,
        description = "Generate tokens greedily from prompts of token ids: with an exported decoder (onnxport export "
                + "--hf) in ONNX Runtime, using its key/value cache, or with --eager --hf DIR the same loop on the "
                + "Java twin. Prints the new ids of each prompt, one line per prompt, comma-separated.",
        footer = {"", "Examples:", "  onnxport generate llama.onnx --prompt-ids 5,17,42 --prompt-ids 7,8 --max-new-tokens 16",
                "  onnxport generate --eager --hf ../shared/fixtures/hf/llama-tiny --prompt-ids 5,17,42 --max-new-tokens 16"})
final class GenerateCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "an .onnx file exported with --hf (not with --eager)")
    Path model;

    @Option(names = "--prompt-ids", paramLabel = "IDS", required = true, converter = IdsConverter.class,
            description = "a prompt as comma-separated token ids; repeat for a batch (shorter prompts are left-padded)")
    List<long[]> prompts = new ArrayList<>();

    @Option(names = "--max-new-tokens", paramLabel = "N", required = true, description = "tokens to generate per prompt (0 to 4096)")
    int maxNewTokens;

    @Option(names = "--eager", description = "run the Java twin of --hf DIR instead of an ONNX file")
    boolean eager;

    @Option(names = "--hf", paramLabel = "DIR", description = "with --eager: the Hugging Face folder to run")
    Path hf;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        if (maxNewTokens < 0 || maxNewTokens > 4096) {
            throw new IllegalArgumentException("--max-new-tokens must be 0 to 4096, got " + maxNewTokens);
        }
        if (eager != (hf != null)) throw new IllegalArgumentException("--eager and --hf DIR go together: the eager loop runs the folder's twin");
        if (eager && model != null) throw new IllegalArgumentException("give MODEL.onnx or --eager --hf DIR, not both");
        if (!eager && model == null) throw new IllegalArgumentException("give the exported MODEL.onnx (or --eager --hf DIR)");
        Progress progress = Progress.on(spec.commandLine().getErr());
        long[][] batch = prompts.toArray(long[][]::new);
        long[][] out;
        long t0 = System.nanoTime();
        if (eager) {
            progress.show("reading " + hf + " ...");
            try (HfModel m = HfModels.load(hf)) {
                checkVocabulary(batch, m.decoder().vocabSize(), hf.toString());
                progress.clear();
                out = GreedyDecoding.generate(GreedyDecoding.eager(m.decoder()), GreedyDecoding.CacheLayout.of(m.decoder()), batch,
                        maxNewTokens, t -> progress.update("token " + (t + 1) + " of " + maxNewTokens));
            }
        } else {
            RuntimeVerifier rv = Verification.service().runtime();
            try (ModelFile file = ModelFile.open(model)) {
                Interface io = Interface.of(file);
                if (io.vocabulary() > 0) checkVocabulary(batch, io.vocabulary(), model.toString());
                progress.show("opening " + model + " in " + rv.name() + " ...");
                Path onnx = file.onnx();
                out = GreedyDecoding.generate(feeds -> rv.run(onnx, feeds), io.layout(), batch, maxNewTokens,
                        t -> progress.update("token " + (t + 1) + " of " + maxNewTokens));
            }
        }
        progress.clear();
        PrintWriter pw = spec.commandLine().getOut();
        for (long[] row : out) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.length; i++) sb.append(i == 0 ? "" : ",").append(row[i]);
            pw.println(sb);
        }
        pw.flush();
        if (Progress.stderrIsTerminal()) {   // a timing for the person at the terminal; logs and pipes get the ids only
            spec.commandLine().getErr().printf("%d x %d tokens in %.2f s%n", batch.length, maxNewTokens, (System.nanoTime() - t0) / 1e9);
        }
        return 0;
    }

    private static void checkVocabulary(long[][] prompts, long vocab, String where) {
        for (long[] p : prompts) {
            for (long id : p) {
                if (id < 0 || id >= vocab) {
                    throw new IllegalArgumentException("prompt id " + id + " is outside the vocabulary of " + where
                            + " (0 to " + (vocab - 1) + ")");
                }
            }
        }
    }

    /** What the loop needs of an exported decoder, read from its graph inputs and outputs. */
    record Interface(GreedyDecoding.CacheLayout layout, long vocabulary) {
        private static final Pattern PAST_KEY = Pattern.compile("past_key_values\\.(\\d+)\\.key");

        static Interface of(ModelFile file) {
            var g = file.proto().getGraph();
            List<String> names = g.getInputList().stream().map(ValueInfoProto::getName).toList();
            for (String need : List.of("input_ids", "attention_mask", "position_ids")) {
                if (!names.contains(need)) {
                    throw new IllegalArgumentException(file.onnx() + " has no input '" + need + "': not a decoder exported with "
                            + "onnxport export --hf (its inputs are " + names + ")");
                }
            }
            int layers = 0;
            long kvHeads = 0, headDim = 0;
            for (ValueInfoProto in : g.getInputList()) {
                var m = PAST_KEY.matcher(in.getName());
                if (!m.matches()) continue;
                layers = Math.max(layers, Integer.parseInt(m.group(1)) + 1);
                List<TensorShapeProto.Dimension> dims = in.getType().getTensorType().getShape().getDimList();
                if (dims.size() != 4 || !dims.get(1).hasDimValue() || !dims.get(3).hasDimValue()) {
                    throw new IllegalArgumentException(file.onnx() + ": input '" + in.getName() + "' must be [batch, kv_heads, past, "
                            + "head_dim] with fixed kv_heads and head_dim");
                }
                kvHeads = dims.get(1).getDimValue();
                headDim = dims.get(3).getDimValue();
            }
            long vocab = 0;
            for (ValueInfoProto o : g.getOutputList()) {
                if (!o.getName().equals("logits")) continue;
                List<TensorShapeProto.Dimension> dims = o.getType().getTensorType().getShape().getDimList();
                if (dims.size() == 3 && dims.get(2).hasDimValue()) vocab = dims.get(2).getDimValue();
            }
            GreedyDecoding.CacheLayout layout = layers == 0 ? GreedyDecoding.CacheLayout.NONE
                    : new GreedyDecoding.CacheLayout(layers, Math.toIntExact(kvHeads), Math.toIntExact(headDim));
            return new Interface(layout, vocab);
        }
    }

    /** {@code 5,17,42}: at least one id, each a non-negative integer. */
    static final class IdsConverter implements ITypeConverter<long[]> {
        @Override
        public long[] convert(String v) {
            String[] parts = v.split(",", -1);
            long[] ids = new long[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    ids[i] = Long.parseLong(parts[i].trim());
                } catch (NumberFormatException e) {
                    throw new TypeConversionException("'" + v + "' is not comma-separated token ids, e.g. 5,17,42");
                }
                if (ids[i] < 0) throw new TypeConversionException("token id " + ids[i] + " is negative");
            }
            return ids;
        }
    }
}
