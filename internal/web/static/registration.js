// Registration form: show one empty proposal block at a time, with a button
// to add the next. Without JavaScript every block is shown: the form works
// the same. The script only hides and shows; it never changes what is sent.
document.addEventListener("DOMContentLoaded", function () {
  var blocks = Array.prototype.slice.call(document.querySelectorAll(".pdz-proposal"));
  var button = document.getElementById("aggiungi-proposta");
  if (!blocks.length || !button) {
    return;
  }
  var filled = 0;
  blocks.forEach(function (b, i) {
    if (b.getAttribute("data-filled") === "1" || b.querySelector(".is-invalid")) {
      filled = i + 1;
    }
  });
  blocks.forEach(function (b, i) {
    if (i > filled) {
      b.hidden = true;
    }
  });
  function update() {
    button.hidden = !blocks.some(function (b) { return b.hidden; });
  }
  button.addEventListener("click", function () {
    for (var i = 0; i < blocks.length; i++) {
      if (blocks[i].hidden) {
        blocks[i].hidden = false;
        var first = blocks[i].querySelector("select, input, textarea");
        if (first) {
          first.focus();
        }
        break;
      }
    }
    update();
  });
  update();
});
