/**
 * Not API: what generated code and Overtime's own modules need (descriptor construction, job
 * bindings and registries, the class path's job catalog, the JSON codec, blob stores). Anything
 * here may change or disappear in any release, without notice; applications use {@code
 * dev.overtime.runtime}, engine authors {@code dev.overtime.runtime.spi}.
 */
package dev.overtime.runtime.internal;
