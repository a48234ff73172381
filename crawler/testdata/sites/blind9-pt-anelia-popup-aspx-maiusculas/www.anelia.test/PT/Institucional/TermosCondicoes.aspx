<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="pt-PT" xml:lang="pt-PT">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>Termos e Condi&ccedil;&otilde;es &ndash; Anelia</title>
<link href="/Content/Css/Anelia.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/Scripts/Anelia.js"></script>
</head>
<body class="pagina">
<form name="form1" method="post" action="./TermosCondicoes.aspx" id="form1">
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

<h1>Termos e Condi&ccedil;&otilde;es</h1>
<p>&Uacute;ltima atualiza&ccedil;&atilde;o: 6 de janeiro de 2025</p>
<h2>1. Identifica&ccedil;&atilde;o</h2><p>O presente s&iacute;tio &eacute; propriedade da Anelia Tecnologia, Lda., NIPC 515 234 876, com sede na Rua do Hero&iacute;smo 210, 4300-256 Porto.</p>
<h2>2. Encomendas</h2><p>As encomendas s&atilde;o confirmadas por e-mail. Os pre&ccedil;os incluem IVA &agrave; taxa legal em vigor.</p>
<h2>3. Direito de livre resolu&ccedil;&atilde;o</h2><p>Dispõe de 14 dias para resolver o contrato, nos termos do Decreto-Lei n.&ordm; 24/2014.</p>
<h2>4. Garantia</h2><p>Os produtos t&ecirc;m garantia de 3 anos.</p>
<h2>5. Dados pessoais</h2><p>Os dados pessoais recolhidos s&atilde;o tratados nos termos da nossa <a href="/PT/Institucional/PoliticaPrivacidade.aspx">Pol&iacute;tica de Privacidade</a>.</p>
<h2>6. Resolu&ccedil;&atilde;o alternativa de lit&iacute;gios</h2><p>Em caso de lit&iacute;gio, o consumidor pode recorrer ao CICAP, Rua Dami&atilde;o de G&oacute;is 31, 4050-225 Porto.</p>


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
