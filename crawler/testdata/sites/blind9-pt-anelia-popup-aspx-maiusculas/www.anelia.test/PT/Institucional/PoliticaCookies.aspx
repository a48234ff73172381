<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="pt-PT" xml:lang="pt-PT">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>Pol&iacute;tica de Cookies &ndash; Anelia</title>
<link href="/Content/Css/Anelia.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/Scripts/Anelia.js"></script>
</head>
<body class="janela">
<form name="form1" method="post" action="./PoliticaCookies.aspx" id="form1">
<div><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTM2NzQ5ODIxMmRkHk3n0k1Qv7bA8e2m" /></div>

<div id="conteudo">

<h1>Pol&iacute;tica de Cookies</h1>
<p>&Uacute;ltima atualiza&ccedil;&atilde;o: 6 de janeiro de 2025</p>
<p>Os cookies s&atilde;o pequenos ficheiros de texto guardados no seu navegador. Este s&iacute;tio utiliza os seguintes:</p>
<table class="tabela">
<tr><th>Cookie</th><th>Finalidade</th><th>Dura&ccedil;&atilde;o</th></tr>
<tr><td>ASP.NET_SessionId</td><td>Sess&atilde;o de navega&ccedil;&atilde;o (necess&aacute;rio)</td><td>Sess&atilde;o</td></tr>
<tr><td>AneliaCookies</td><td>Guarda a sua escolha sobre cookies (necess&aacute;rio)</td><td>12 meses</td></tr>
<tr><td>_anl_stats</td><td>Estat&iacute;sticas de visitas, sem partilha com terceiros (anal&iacute;tico)</td><td>13 meses</td></tr>
</table>
<p>Pode apagar ou bloquear cookies nas defini&ccedil;&otilde;es do seu navegador. Para saber como tratamos os seus dados pessoais, consulte a <a href="/PT/Institucional/PoliticaPrivacidade.aspx">Pol&iacute;tica de Privacidade</a>.</p>

<p class="fechar"><a href="javascript:window.close();">Fechar janela</a></p>
</div>

</form>
</body>
</html>
