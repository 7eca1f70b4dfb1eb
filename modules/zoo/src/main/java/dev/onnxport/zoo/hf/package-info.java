/**
 * Hugging Face model folders: {@link dev.onnxport.zoo.hf.HfConfig} reads {@code config.json}; the weights are read
 * with {@link dev.onnxport.safetensors.SafetensorsCheckpoint}.
 */
package dev.onnxport.zoo.hf;
