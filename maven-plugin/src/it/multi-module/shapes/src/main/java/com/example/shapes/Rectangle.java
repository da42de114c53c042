package com.example.shapes;

public final class Rectangle extends Shape {
  private final double width;
  private final double height;

  public Rectangle(double width, double height) {
    this.width = width;
    this.height = height;
  }

  @Override
  public String name() {
    return "rectangle " + width + "x" + height;
  }

  @Override
  public double area() {
    return width * height;
  }
}
