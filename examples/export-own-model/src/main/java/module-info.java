/** A user's own model, exported with onnxport; its factory makes it a plug-in of the onnxport command too. */
module com.example.ownmodel {
    requires dev.onnxport;

    exports com.example.ownmodel;

    provides dev.onnxport.spi.ModelFactory with com.example.ownmodel.TinyClassifierFactory;
}
