"""What a visit and a tour do next, with a clock tests control. Qt-free."""
