<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="pt-PT" xml:lang="pt-PT">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>Pol&iacute;tica de Privacidade &ndash; Anelia</title>
<link href="/Content/Css/Anelia.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/Scripts/Anelia.js"></script>
</head>
<body class="janela">
<form name="form1" method="post" action="./PoliticaPrivacidade.aspx" id="form1">
<div><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTM2NzQ5ODIxMmRkHk3n0k1Qv7bA8e2m" /></div>

<div id="conteudo">

<h1>Pol&iacute;tica de Privacidade</h1>
<p class="data">Vers&atilde;o de 6 de janeiro de 2025</p>
<p>A Anelia Tecnologia, Lda. (&laquo;Anelia&raquo;, &laquo;n&oacute;s&raquo;) respeita a privacidade dos seus clientes e utilizadores. Esta Pol&iacute;tica de Privacidade explica como tratamos os dados pessoais recolhidos atrav&eacute;s do anel inteligente Anelia Ring, da aplica&ccedil;&atilde;o Anelia e deste s&iacute;tio, em conformidade com o Regulamento Geral sobre a Prote&ccedil;&atilde;o de Dados (RGPD) e a Lei n.&ordm; 58/2019, de 8 de agosto.</p>

<h2>1. Respons&aacute;vel pelo tratamento</h2>
<p>Anelia Tecnologia, Lda., NIPC 515 234 876, Rua do Hero&iacute;smo 210, 4300-256 Porto. Encarregado de Prote&ccedil;&atilde;o de Dados (EPD): epd@anelia.test.</p>

<h2>2. Que dados recolhemos</h2>
<ul>
<li><strong>Dados de identifica&ccedil;&atilde;o e contacto:</strong> nome, e-mail, telefone, morada de entrega e NIF para fatura&ccedil;&atilde;o.</li>
<li><strong>Dados de conta:</strong> e-mail, palavra-passe (guardada de forma cifrada), data de nascimento, sexo, altura e peso, que usamos para calcular as suas m&eacute;tricas.</li>
<li><strong>Dados do anel:</strong> frequ&ecirc;ncia card&iacute;aca, varia&ccedil;&atilde;o da frequ&ecirc;ncia card&iacute;aca, satura&ccedil;&atilde;o de oxig&eacute;nio, temperatura da pele, movimento, fases do sono, passos e n&iacute;vel de bateria.</li>
<li><strong>Dados t&eacute;cnicos:</strong> n&uacute;mero de s&eacute;rie do anel, vers&atilde;o do firmware, modelo do telem&oacute;vel e sistema operativo, registos de erros.</li>
<li><strong>Dados de navega&ccedil;&atilde;o:</strong> endere&ccedil;o IP, p&aacute;ginas visitadas e cookies (ver a Pol&iacute;tica de Cookies).</li>
</ul>
<p>Os dados do anel s&atilde;o <strong>dados relativos &agrave; sa&uacute;de</strong>, uma categoria especial de dados pessoais nos termos do artigo 9.&ordm; do RGPD. S&oacute; os tratamos com o seu consentimento expl&iacute;cito, que &eacute; pedido na primeira utiliza&ccedil;&atilde;o da aplica&ccedil;&atilde;o. Se usar o modo local, os dados do anel n&atilde;o saem do seu telem&oacute;vel e n&atilde;o s&atilde;o tratados por n&oacute;s.</p>

<h2>3. Para que finalidades e com que fundamento</h2>
<ul>
<li>Calcular e apresentar as suas pontua&ccedil;&otilde;es de sono, prontid&atilde;o e atividade &ndash; execu&ccedil;&atilde;o do contrato e consentimento expl&iacute;cito (dados de sa&uacute;de);</li>
<li>Sincronizar os dados entre dispositivos e guardar o hist&oacute;rico na nuvem &ndash; consentimento expl&iacute;cito;</li>
<li>Processar encomendas, entregas, devolu&ccedil;&otilde;es e garantias &ndash; execu&ccedil;&atilde;o do contrato;</li>
<li>Emitir faturas e cumprir obriga&ccedil;&otilde;es fiscais &ndash; obriga&ccedil;&atilde;o legal;</li>
<li>Prestar apoio ao cliente e atualizar o firmware &ndash; execu&ccedil;&atilde;o do contrato e interesse leg&iacute;timo;</li>
<li>Melhorar os nossos algoritmos com dados pseudonimizados, se der o seu consentimento na aplica&ccedil;&atilde;o &ndash; consentimento;</li>
<li>Enviar a newsletter &ndash; consentimento, que pode retirar a qualquer momento.</li>
</ul>
<p>N&atilde;o vendemos os seus dados nem os utilizamos para publicidade personalizada.</p>

<h2>4. Com quem partilhamos os dados</h2>
<ul>
<li>Prestadores de servi&ccedil;os que tratam dados por nossa conta (subcontratantes): alojamento na nuvem (centro de dados em Frankfurt, Alemanha), plataforma de pagamentos, transportadoras (CTT e DPD), servi&ccedil;o de envio de e-mails e ferramenta de apoio ao cliente. Todos est&atilde;o vinculados por contrato nos termos do artigo 28.&ordm; do RGPD.</li>
<li>Apple Sa&uacute;de ou Health Connect, apenas se ativar essa integra&ccedil;&atilde;o; a partir desse momento, os dados ficam sujeitos &agrave;s pol&iacute;ticas desses servi&ccedil;os.</li>
<li>Autoridades p&uacute;blicas, quando a lei o exija.</li>
</ul>
<p>Os seus dados s&atilde;o tratados no Espa&ccedil;o Econ&oacute;mico Europeu. Caso algum prestador aceda a dados a partir de um pa&iacute;s terceiro, a transfer&ecirc;ncia ser&aacute; feita com base numa decis&atilde;o de adequa&ccedil;&atilde;o ou em cl&aacute;usulas contratuais-tipo aprovadas pela Comiss&atilde;o Europeia.</p>

<h2>5. Durante quanto tempo conservamos os dados</h2>
<p>Os dados do anel s&atilde;o conservados enquanto a sua conta estiver ativa. Se eliminar a conta, apagamos todos os dados no prazo de 30 dias. As faturas s&atilde;o conservadas durante 10 anos, como exige a lei fiscal. Os pedidos de apoio s&atilde;o apagados 3 anos ap&oacute;s o seu encerramento.</p>

<h2>6. Seguran&ccedil;a</h2>
<p>A comunica&ccedil;&atilde;o entre o anel, o telem&oacute;vel e os nossos servidores &eacute; cifrada. Os dados de sa&uacute;de s&atilde;o cifrados em repouso e o acesso dos nossos colaboradores &eacute; restrito, registado e protegido por autentica&ccedil;&atilde;o de dois fatores. O firmware &eacute; assinado digitalmente. Em caso de viola&ccedil;&atilde;o de dados pessoais, notificaremos a CNPD e, quando exigido, os titulares afetados.</p>

<h2>7. Cookies</h2>
<p>Este s&iacute;tio utiliza cookies necess&aacute;rios e cookies anal&iacute;ticos pr&oacute;prios. A aplica&ccedil;&atilde;o n&atilde;o utiliza identificadores de publicidade. Os pormenores constam da <a href="/PT/Institucional/PoliticaCookies.aspx">Pol&iacute;tica de Cookies</a>.</p>

<h2>8. Menores</h2>
<p>O Anelia Ring e a aplica&ccedil;&atilde;o destinam-se a maiores de 16 anos. N&atilde;o recolhemos intencionalmente dados de menores de 16 anos; nos termos do artigo 16.&ordm; da Lei n.&ordm; 58/2019, o consentimento de menores de 13 anos teria de ser prestado pelos seus representantes legais. Se tomarmos conhecimento de uma conta de um menor de 16 anos, elimin&aacute;-la-emos.</p>

<h2>9. Os seus direitos</h2>
<p>Enquanto titular dos dados, tem direito de acesso, retifica&ccedil;&atilde;o, apagamento, limita&ccedil;&atilde;o do tratamento, portabilidade e oposi&ccedil;&atilde;o, bem como o direito de retirar o consentimento a qualquer momento, sem comprometer a licitude do tratamento anterior. Na aplica&ccedil;&atilde;o, em Perfil &gt; Privacidade, pode exportar todos os seus dados e eliminar a conta. Para outros pedidos, contacte epd@anelia.test. Responderemos no prazo de um m&ecirc;s. Tem ainda o direito de apresentar reclama&ccedil;&atilde;o &agrave; Comiss&atilde;o Nacional de Prote&ccedil;&atilde;o de Dados (CNPD), Av. D. Carlos I, 134, 1.&ordm;, 1200-651 Lisboa, www.cnpd.pt.</p>

<h2>10. Decis&otilde;es automatizadas</h2>
<p>As pontua&ccedil;&otilde;es de sono e de prontid&atilde;o s&atilde;o calculadas automaticamente por algoritmos, apenas para sua informa&ccedil;&atilde;o. N&atilde;o tomamos decis&otilde;es que produzam efeitos jur&iacute;dicos ou que o afetem de forma significativa com base exclusivamente nesse tratamento, e n&atilde;o partilhamos as pontua&ccedil;&otilde;es com seguradoras ou entidades empregadoras.</p>

<h2>11. Altera&ccedil;&otilde;es</h2>
<p>Podemos atualizar esta pol&iacute;tica. Quando as altera&ccedil;&otilde;es forem significativas, inform&aacute;-lo-emos na aplica&ccedil;&atilde;o ou por e-mail antes da sua entrada em vigor.</p>

<p class="fechar"><a href="javascript:window.close();">Fechar janela</a></p>
</div>

</form>
</body>
</html>
