package dev.onnxport.onnx.hf;

import dev.onnxport.export.ExportOptions;
import dev.onnxport.export.OnnxExport;
import dev.onnxport.nn.Module;
import dev.onnxport.onnx.checker.StructuralChecker;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.spi.RuntimeVerifier;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.testing.Fixtures;
import dev.onnxport.testing.OfficialChecker;
import dev.onnxport.verify.TensorComparison;
import dev.onnxport.verify.Tolerance;
import dev.onnxport.zoo.hf.*;
import java.nio.file.*;
import java.util.*;
import org.junit.jupiter.api.Test;

class ScratchHfExportTest {
    static Map<String, Tensor> weights(Path d) {
        Map<String, Tensor> w = new LinkedHashMap<>();
        java.io.File[] fs = d.toFile().listFiles((x, n) -> n.startsWith("model") && n.endsWith(".safetensors"));
        for (java.io.File f : fs) w.putAll(Safetensors.read(f.toPath()));
        return w;
    }

    static Tensor ids(long vocab, long b, long s, long seed) {
        Random r = new Random(seed); long[] v = new long[(int) (b * s)];
        for (int i = 0; i < v.length; i++) v[i] = r.nextInt((int) vocab);
        return Tensor.of(v, b, s);
    }

    void run(String name, CausalLM m) throws Exception {
        Path d = Fixtures.root().resolve("hf").resolve(name);
        Map<String, Tensor> w = weights(d);
        m.loadStateDict(w);
        m.eval();
        long b = 2, s = 3, p = 4;
        List<Tensor> ex = new ArrayList<>();
        ex.add(ids(m.vocabSize(), b, s, 1));
        long[] ones = new long[(int) (b * (p + s))]; Arrays.fill(ones, 1);
        ex.add(Tensor.of(ones, b, p + s));
        long[] pos = new long[(int) (b * s)]; for (int i = 0; i < pos.length; i++) pos[i] = p + i % s;
        ex.add(Tensor.of(pos, b, s));
        for (int i = 0; i < 2 * m.numLayers(); i++) ex.add(dev.onnxport.nn.Init.normal(0, 1, b, m.numKvHeads(), p, m.headDim()));
        for (int opset : new int[] {14, 17, 22}) {
            Path f = Files.createTempDirectory("hf").resolve(name + ".onnx");
            ExportOptions o = ExportOptions.builder().opsetVersion(opset).inputNames(m.inputNames(true)).outputNames(m.outputNames(true))
                    .dynamicAxes(m.dynamicAxes(true)).build();
            long t0 = System.nanoTime();
            OnnxExport.export(m, ex.toArray(Tensor[]::new), f, o);
            ModelProto mp = ModelProto.parseFrom(Files.readAllBytes(f));
            Map<String, Integer> hist = new TreeMap<>();
            for (NodeProto n : mp.getGraph().getNodeList()) hist.merge(n.getOpType(), 1, Integer::sum);
            System.out.println(name + " opset " + opset + " nodes " + mp.getGraph().getNodeCount() + " " + hist + " " + (System.nanoTime() - t0) / 1e6 + " ms");
            System.out.println("  inputs " + mp.getGraph().getInputList().stream().map(i -> i.getName() + ":" + i.getType().getTensorType().getShape().getDimList().stream().map(dd -> dd.hasDimParam() ? dd.getDimParam() : "" + dd.getDimValue()).toList()).toList().subList(0, 4));
            System.out.println("  outputs " + mp.getGraph().getOutputList().stream().map(i -> i.getName() + ":" + i.getType().getTensorType().getShape().getDimList().stream().map(dd -> dd.hasDimParam() ? dd.getDimParam() : "" + dd.getDimValue()).toList()).toList().subList(0, 2));
            System.out.println("  structural " + StructuralChecker.check(mp, f.getParent()) + " official " + OfficialChecker.checkFile(f));
            RuntimeVerifier ort = ServiceLoader.load(RuntimeVerifier.class).findFirst().orElseThrow();
            for (String io : List.of("io.safetensors", "io_past.safetensors")) {
                Map<String, Tensor> t = Safetensors.read(d.resolve(io));
                Map<String, Tensor> feeds = new LinkedHashMap<>();
                List<Tensor> empty = m.emptyCache(t.get("input_ids").size(0));
                List<String> names = m.inputNames(true);
                for (int i = 0; i < names.size(); i++) feeds.put(names.get(i), t.containsKey(names.get(i)) ? t.get(names.get(i)) : empty.get(i - 3));
                Map<String, Tensor> out = ort.run(f, feeds);
                for (String on : m.outputNames(true)) {
                    if (!t.containsKey(on)) continue;
                    var r = TensorComparison.compare(on, out.get(on), t.get(on), Tolerance.SCALE_AWARE);
                    if (!r.passed() || on.equals("logits")) System.out.println("  " + io + " " + r);
                }
            }
        }
    }

    @Test void llama() throws Exception {
        run("llama-tiny", new LlamaForCausalLM(new LlamaForCausalLM.Config(512, 128, 344, 3, 8, 2, 16, 10000, 1e-6, false, false, false, 256)));
    }
    @Test void qwen() throws Exception {
        run("qwen2-tiny", new LlamaForCausalLM(new LlamaForCausalLM.Config(384, 96, 256, 2, 6, 2, 16, 1e6, 1e-6, true, true, false, 256)));
    }
    @Test void gpt2() throws Exception {
        run("gpt2-hf-tiny", new GPT2LMHeadModel(new GPT2LMHeadModel.Config(1000, 128, 96, 3, 4, 384, 1e-5)));
    }
}
