package com.example.shapes;

public abstract class Shape {
  public abstract String name();

  public abstract double area();
}
