package dev.onnxport.cli.architecture.planted.b;

import dev.onnxport.cli.architecture.planted.a.PlantedA;

/** The other half of the planted package cycle (see PlantedA). */
public final class PlantedB {
    public PlantedA partner;
}
