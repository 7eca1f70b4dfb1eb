package dev.onnxport.zoo.hf;

import dev.onnxport.nn.Init;
import dev.onnxport.nn.Module;
import dev.onnxport.safetensors.Safetensors;
import dev.onnxport.tensor.Tensor;
import dev.onnxport.tensor.Tensors;
import dev.onnxport.testing.Fixtures;
import dev.onnxport.verify.TensorComparison;
import dev.onnxport.verify.Tolerance;
import java.nio.file.Path;
import java.util.*;
import org.junit.jupiter.api.Test;

class ScratchEagerTest {
    static Map<String, Tensor> weights(Path d) {
        Map<String, Tensor> w = new LinkedHashMap<>();
        java.io.File[] fs = d.toFile().listFiles((x, n) -> n.startsWith("model") && n.endsWith(".safetensors"));
        for (java.io.File f : fs) w.putAll(Safetensors.read(f.toPath()));
        return w;
    }

    void run(String name, Module m) {
        Path d = Fixtures.root().resolve("hf").resolve(name);
        Map<String, Tensor> w = weights(d);
        w.keySet().removeIf(k -> k.endsWith("attn.bias") && !m.stateDict().containsKey(k) || k.endsWith("masked_bias"));
        m.loadStateDict(w);
        m.eval();
        for (String io : List.of("io.safetensors", "io_past.safetensors")) {
            if (!d.resolve(io).toFile().exists()) continue;
            Map<String, Tensor> t = Safetensors.read(d.resolve(io));
            System.out.println(name + " " + io + " " + t.keySet());
            List<Tensor> in = new ArrayList<>();
            List<String> outs = new ArrayList<>();
            if (m instanceof CausalLM lm) {
                for (String n : lm.inputNames(true)) in.add(t.containsKey(n) ? t.get(n) : null);
                if (in.get(3) == null) { in = new ArrayList<>(in.subList(0, 3)); in.addAll(lm.emptyCache(in.get(0).size(0))); }
                outs = lm.outputNames(true);
            } else {
                for (String n : BertModel.INPUT_NAMES) in.add(t.get(n));
                outs = BertModel.OUTPUT_NAMES;
            }
            List<Tensor> got = Tensors.flatten(m.invoke(in.toArray(Tensor[]::new)));
            for (int i = 0; i < outs.size(); i++) {
                Tensor want = t.get(outs.get(i));
                if (want == null) continue;
                System.out.println("  " + outs.get(i) + " " + TensorComparison.compare(outs.get(i), got.get(i), want, Tolerance.SCALE_AWARE));
            }
        }
    }

    @Test void llama() {
        run("llama-tiny", new LlamaForCausalLM(new LlamaForCausalLM.Config(512, 128, 344, 3, 8, 2, 16, 10000, 1e-6, false, false, false, 256)));
    }
    @Test void qwen() {
        run("qwen2-tiny", new LlamaForCausalLM(new LlamaForCausalLM.Config(384, 96, 256, 2, 6, 2, 16, 1e6, 1e-6, true, true, false, 256)));
    }
    @Test void gpt2() {
        run("gpt2-hf-tiny", new GPT2LMHeadModel(new GPT2LMHeadModel.Config(1000, 128, 96, 3, 4, 384, 1e-5)));
    }
    @Test void bert() {
        run("bert-hf-tiny", new BertModel(new BertModel.Config(1000, 96, 3, 4, 384, 128, 2, 1e-12)));
    }
}
