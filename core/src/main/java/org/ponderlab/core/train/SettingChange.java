package org.ponderlab.core.train;

/** A setting changed while the run was training; charts mark it at its iteration. */
public record SettingChange(long iteration, String name, String from, String to) {}
