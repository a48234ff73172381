<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="pt-PT" xml:lang="pt-PT">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>Anelia Ring &ndash; Anelia</title>
<link href="/Content/Css/Anelia.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/Scripts/Anelia.js"></script>
</head>
<body class="pagina">
<form name="form1" method="post" action="./AneliaRing.aspx" id="form1">
<div><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTM2NzQ5ODIxMmRkHk3n0k1Qv7bA8e2m" /></div>
<div id="cabecalho">
  <a href="/PT/Default.aspx" id="logo"><img src="/Content/Imagens/logo-anelia.png" alt="Anelia" width="140" height="40"></a>
  <ul id="menuPrincipal">
    <li><a href="/PT/Produtos/AneliaRing.aspx">Anelia Ring</a></li>
    <li><a href="/PT/App.aspx">Aplica&ccedil;&atilde;o</a></li>
    <li><a href="/PT/Institucional/SobreNos.aspx">Sobre n&oacute;s</a></li>
    <li><a href="/PT/Institucional/Contactos.aspx">Contactos</a></li>
  </ul>
  <div id="idiomas"><a href="/PT/Default.aspx" class="ativo">PT</a> <span class="indisponivel" title="Brevemente">EN</span></div>
</div>
<div id="conteudo">

<h1>Anelia Ring</h1>
<p class="preco">299,00&nbsp;&euro; (IVA inclu&iacute;do)</p>
<ul><li>Sensores: PPG (ritmo card&iacute;aco e SpO2), temperatura, aceler&oacute;metro</li><li>Tamanhos 6 a 13 &ndash; pe&ccedil;a o kit de medidas gratuito</li><li>Bluetooth Low Energy</li><li>Acabamentos: prateado, preto mate, dourado</li></ul>
<h2>O que mede</h2>
<p>Fases do sono, frequ&ecirc;ncia card&iacute;aca em repouso, varia&ccedil;&atilde;o da frequ&ecirc;ncia card&iacute;aca (VFC), temperatura, passos e calorias.</p>
<p>O Anelia Ring n&atilde;o &eacute; um dispositivo m&eacute;dico.</p>


</div>
<div id="rodape">
  <div class="rodape-colunas">
    <div class="coluna">
      <h4>Anelia</h4>
      <p>O anel inteligente que conhece o seu sono.<br>Desenhado e montado no Porto.</p>
    </div>
    <div class="coluna">
      <h4>Apoio ao cliente</h4>
      <a href="/PT/Institucional/Contactos.aspx">Contactos</a><br>
      <a href="/PT/Institucional/Contactos.aspx#garantia">Garantia e devolu&ccedil;&otilde;es</a><br>
      <a href="/PT/Institucional/TermosCondicoes.aspx">Termos e Condi&ccedil;&otilde;es</a>
    </div>
    <div class="coluna">
      <h4>Informa&ccedil;&atilde;o legal</h4>
      <a href="javascript:void(0);" onclick="AbrirJanela('/PT/Institucional/PoliticaPrivacidade.aspx', 820, 640); return false;">Pol&iacute;tica de Privacidade</a><br>
      <a href="javascript:void(0);" onclick="AbrirJanela('/PT/Institucional/PoliticaCookies.aspx', 820, 640); return false;">Pol&iacute;tica de Cookies</a><br>
      <a href="https://www.livroreclamacoes.pt/Inicio/" target="_blank">Livro de Reclama&ccedil;&otilde;es</a>
    </div>
  </div>
  <p class="rodape-ral">Em caso de lit&iacute;gio, o consumidor pode recorrer ao CICAP &ndash; Centro de Informa&ccedil;&atilde;o de Consumo e Arbitragem do Porto.</p>
  <p class="copyright">&copy; 2025 Anelia Tecnologia, Lda. &middot; NIPC 515 234 876 &middot; Todos os direitos reservados.
    <a href="https://www.instagram.com/anelia.pt" title="Instagram"><img src="/Content/Imagens/ico-instagram.png" alt="Instagram" width="20" height="20"></a></p>
</div>
<div id="avisoCookies" class="aviso-cookies" style="display:none">
  Este s&iacute;tio utiliza cookies para melhorar a sua experi&ecirc;ncia.
  <a href="javascript:AbrirJanela('/PT/Institucional/PoliticaCookies.aspx', 820, 640);">Saber mais</a>
  <input type="button" value="Aceitar" onclick="AceitarCookies();">
</div>
</form>
</body>
</html>
