package org.ponderlab.core;
class Placeholder {}
