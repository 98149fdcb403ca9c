package org.ponderlab.app;
class Placeholder {}
