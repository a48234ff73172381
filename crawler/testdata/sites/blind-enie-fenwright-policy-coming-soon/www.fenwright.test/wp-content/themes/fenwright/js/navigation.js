(function(){var b=document.querySelector('.cky-btn-accept');if(!b)return;
['.cky-btn-accept','.cky-btn-reject'].forEach(function(s){document.querySelector(s).addEventListener('click',function(){document.getElementById('cookie-banner').style.display='none';document.cookie='cky-consent='+(s.indexOf('accept')>0?'yes':'no')+';path=/;max-age=31536000';});});})();
