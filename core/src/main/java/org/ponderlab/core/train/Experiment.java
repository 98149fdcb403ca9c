package org.ponderlab.core.train;

import org.ponderlab.core.halting.HaltingMethod;
import org.ponderlab.core.model.Network;
import org.ponderlab.core.task.Task;

/**
 * The parts one run trains: the task, the network and the halting method, built from a config by
 * {@link Experiments#create(TrainingConfig)}.
 *
 * @param maxBatch the largest batch the network's buffers hold (training batch or evaluation chunk)
 */
public record Experiment(Task task, Network network, HaltingMethod method, int maxBatch) {}
