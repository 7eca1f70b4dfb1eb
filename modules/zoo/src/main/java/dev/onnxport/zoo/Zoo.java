package dev.onnxport.zoo;

import dev.onnxport.nn.Module;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The model twins by fixture name ({@code ../shared/fixtures/models/NAME}), with the fixtures' configurations. */
public final class Zoo {
    private Zoo() {}

    private static final Map<String, Supplier<Module>> MODELS = new LinkedHashMap<>();
    static {
        MODELS.put("mlp", Mlp::new);
        MODELS.put("lenet", LeNet::new);
        MODELS.put("resnet18", ResNet::resnet18);
        MODELS.put("mobilenet_v2", MobileNetV2::new);
        MODELS.put("tiny_gpt", Gpt::new);
        MODELS.put("tiny_bert", Bert::new);
        MODELS.put("lstm_tagger", LstmTagger::new);
        MODELS.put("gru_bidir", GruEncoder::new);
    }

    public static Set<String> names() { return MODELS.keySet(); }

    /** A freshly initialized model; load a checkpoint with {@link Module#loadStateDict}. */
    public static Module create(String name) {
        Supplier<Module> s = MODELS.get(name);
        if (s == null) throw new IllegalArgumentException("no model named '" + name + "' in the zoo; known: " + String.join(", ", names()));
        return s.get();
    }
}
