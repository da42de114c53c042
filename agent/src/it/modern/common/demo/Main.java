package demo;

public class Main {
  public static void main(String[] args) {
    Shapes.demo();
    Resources.demo();
    Legacy.demo();
  }
}
