/* Ninnolo SPA – hash-bang router (build 2025.02.1) */
(function () {
  "use strict";
  var vista = document.getElementById("vista");
  var pagine = {
    "/": '<section class="eroe"><h1>Dormi tranquillo anche tu.</h1><p>Ninnolo Respiro è un sensore senza fili che si posiziona sotto il materasso del lettino e veglia sul respiro del tuo bambino. Nessun contatto con la pelle, nessuna telecamera.</p><p><a href="#!/sensore">Scopri Ninnolo Respiro – CHF 189.–</a></p></section>' +
         '<section class="riquadri"><div><h2>Sotto il materasso</h2><p>Una piastra sottile rileva i micro-movimenti del respiro.</p></div><div><h2>Allarme in 20 secondi</h2><p>Se non rileva movimenti per 20 secondi, l&rsquo;unità genitore suona e il telefono ti avvisa.</p></div><div><h2>Funziona anche offline</h2><p>L&rsquo;allarme funziona tra sensore e unità genitore anche senza internet.</p></div></section>',
    "/sensore": '<div class="doc"><h1>Ninnolo Respiro</h1><p>CHF 189.– IVA inclusa. Spedizione gratuita in Svizzera.</p><ul><li>Piastra sensore 30 × 50 cm</li><li>Unità genitore con luce notturna</li><li>Termometro e igrometro della cameretta</li><li>Certificato come dispositivo medico di classe I</li></ul><h2>Modalità privacy</h2><p>Con la modalità privacy attiva, i dati restano solo tra sensore e unità genitore: nessun invio al cloud, nessuno storico nell&rsquo;app.</p></div>',
    "/app": '<div class="doc"><h1>App Ninnolo</h1><p>Notifiche sul telefono, storico delle notti, temperatura della cameretta. Gratuita per iOS e Android.</p><p>Invita il partner o i nonni come &laquo;custodi&raquo;.</p></div>',
    "/assistenza": '<div class="doc"><h1>Assistenza</h1><p>Telefono 091 555 01 89 (lu–ve 8:30–17:00). E-mail aiuto@ninnolo.test.</p><p>Ninnolo SA, Via Industria 5, 6934 Bioggio.</p></div>',
    "/de": '<div class="doc"><h1>Ninnolo auf Deutsch</h1><p>Die deutsche Version unserer Website folgt in Kürze.</p></div>',
    "/fr": '<div class="doc"><h1>Ninnolo en français</h1><p>La version française de notre site arrive bientôt.</p></div>'
  };
  /* pagine legali: riutilizziamo le versioni HTML statiche (un&rsquo;unica fonte per i testi giuridici) */
  var legali = {
    "/privacy": "/html/protezione-dati.html",
    "/condizioni": "/html/condizioni-generali.html",
    "/impressum": "/html/impressum.html"
  };
  function mostra() {
    var rotta = (location.hash.indexOf("#!") === 0 ? location.hash.slice(2) : "/") || "/";
    if (pagine[rotta]) { vista.innerHTML = pagine[rotta]; window.scrollTo(0, 0); return; }
    if (legali[rotta]) {
      vista.innerHTML = '<div class="caricamento">Caricamento…</div>';
      fetch(legali[rotta]).then(function (r) { return r.text(); }).then(function (t) {
        var d = new DOMParser().parseFromString(t, "text/html");
        var art = d.querySelector("article");
        vista.innerHTML = art ? '<div class="doc">' + art.innerHTML + "</div>" : "";
        document.title = d.title;
      });
      return;
    }
    vista.innerHTML = '<div class="doc"><h1>Pagina non trovata</h1><p><a href="#!/">Torna alla home</a></p></div>';
  }
  window.addEventListener("hashchange", mostra);
  mostra();
})();
