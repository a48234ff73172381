/* consent manager (lite) */
window.tarteaucitron={userInterface:{openPanel:function(){var b=document.getElementById("bandeau-cookies");if(b){b.hidden=false;}}}};
document.addEventListener("click",function(e){var a=e.target.getAttribute&&e.target.getAttribute("data-action");if(a){document.cookie="tac="+a+";path=/;max-age=15552000";document.getElementById("bandeau-cookies").hidden=true;}});
