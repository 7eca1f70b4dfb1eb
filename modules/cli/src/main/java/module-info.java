/** The onnxport command. */
module dev.onnxport.cli {
    requires dev.onnxport;
    requires dev.onnxport.zoo;
    requires info.picocli;

    // picocli reads and writes the annotated command classes reflectively
    opens dev.onnxport.cli to info.picocli;
}
