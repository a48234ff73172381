function AbrirJanela(url, w, h) {
  var l = (screen.width - w) / 2, t = (screen.height - h) / 2;
  window.open(url, 'AneliaLegal', 'width=' + w + ',height=' + h + ',left=' + l + ',top=' + t + ',scrollbars=yes,resizable=yes');
}
function AceitarCookies() {
  document.cookie = 'AneliaCookies=1; max-age=31536000; path=/';
  document.getElementById('avisoCookies').style.display = 'none';
}
window.onload = function () {
  if (document.cookie.indexOf('AneliaCookies=') < 0) { var a = document.getElementById('avisoCookies'); if (a) { a.style.display = 'block'; } }
};
